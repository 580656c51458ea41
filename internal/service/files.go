package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// ruleUpload is the rule behind every upload decision (SECURITY.md item 37).
const ruleUpload = "SECURITY-37"

// MaxFileSize bounds an upload (SECURITY.md item 37); the web layer sets
// http.MaxBytesReader a little above it.
const MaxFileSize = 10 << 20

// Bounds on a decoded image, so that a small file cannot expand into a huge
// bitmap (a decompression bomb).
const (
	maxImageSide   = 10000
	maxImagePixels = 40_000_000
)

// File is an uploaded file: a blank form, a filled-in sample or a staff
// photo. The server assigns the ID; Name is a cleaned display name whose
// extension matches the sniffed type.
type File struct {
	ID, CentreID      int64
	Name, ContentType string
	Size              int64
	SHA256            string
	Data              []byte
	CreatedAt         time.Time
}

// Upload errors name the field "file".
var (
	errFileEmpty = bianmin.FieldError("file", "请选择要上传的文件。", "Choose a file to upload.").WithRule(ruleUpload)
	errFileSize  = bianmin.FieldError("file", "文件不能超过 10 MB。", "The file may not exceed 10 MB.").WithRule(ruleUpload)
	errFileType  = bianmin.FieldError("file", "只能上传 PDF、JPEG 或 PNG 文件。",
		"Only PDF, JPEG and PNG files can be uploaded.").WithRule(ruleUpload)
	errFileImage = bianmin.FieldError("file", "图片文件已损坏或尺寸过大。",
		"The image is damaged or too large.").WithRule(ruleUpload)
)

// SaveFile stores an upload of a director or the office for the centre:
// its type is sniffed from the magic bytes (PDF, JPEG or PNG only, whatever
// the name says), it is at most 10 MB, and images are fully decoded and
// re-encoded, which also drops their metadata (SECURITY.md item 37). The
// upload is audited; the returned file has its server-generated ID.
func (s *Service) SaveFile(ctx context.Context, a *bianmin.Actor, centreID int64, name string, data []byte) (*File, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var f *store.File
	err := s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: centreID, Action: "file.upload", ObjectType: "file"}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		var err error
		if f, err = cleanUpload(name, data); err != nil {
			return err
		}
		f.CentreID = centreID
		if err := store.InsertFile(ctx, tx, f); err != nil {
			return err
		}
		e.ObjectID, e.RuleID = idStr(f.ID), ruleUpload
		e.After = bianmin.JSONOf(map[string]any{"name": f.Name, "content_type": f.ContentType, "size": f.Size, "sha256": f.SHA256})
		return store.Audit(ctx, tx, a, e)
	})
	if err != nil {
		return nil, err
	}
	out := File(*f)
	return &out, nil
}

// cleanUpload checks size and type and returns the file to store.
func cleanUpload(name string, data []byte) (*store.File, error) {
	switch {
	case len(data) == 0:
		return nil, errFileEmpty
	case len(data) > MaxFileSize:
		return nil, errFileSize
	}
	var ctype, ext string
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		ctype, ext = "application/pdf", ".pdf"
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		ctype, ext = "image/jpeg", ".jpg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		ctype, ext = "image/png", ".png"
	default:
		return nil, errFileType
	}
	if ctype != "application/pdf" {
		var err error
		if data, err = reencodeImage(data, ctype); err != nil {
			return nil, err
		}
		if len(data) > MaxFileSize {
			return nil, errFileSize
		}
	}
	sum := sha256.Sum256(data)
	return &store.File{Name: cleanFileName(name, ext), ContentType: ctype, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Data: data}, nil
}

// reencodeImage decodes the whole image within the size bounds and encodes
// it again, so that only pixels are kept (no metadata, no trailing data).
func reencodeImage(data []byte, ctype string) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImageSide || cfg.Height > maxImageSide ||
		cfg.Width*cfg.Height > maxImagePixels {
		return nil, errFileImage
	}
	var buf bytes.Buffer
	if ctype == "image/png" {
		img, err := png.Decode(bytes.NewReader(data))
		if err == nil {
			err = png.Encode(&buf, img)
		}
		if err != nil {
			return nil, errFileImage
		}
		return buf.Bytes(), nil
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err == nil {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		return nil, errFileImage
	}
	return buf.Bytes(), nil
}

// cleanFileName keeps the last path element of the client's name without
// control characters or quotes, at most 80 characters, with the extension
// of the sniffed type; an empty result becomes "file".
func cleanFileName(name, ext string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"/:*?<>|;`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	if name == "" || name == "." || name == ".." {
		name = "file"
	}
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:80])
	}
	return name + ext
}

// PublicFile returns a file that anyone may download: a blank form or
// sample of a published item's materials (CAT-2) or the photo of a person
// on the staff board (ORG-3). Any other file is ErrNotFound, so that a
// guessed ID reveals nothing.
func (s *Service) PublicFile(ctx context.Context, id int64) (*File, error) {
	var f *store.File
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		public, err := store.FileIsPublic(ctx, tx, id)
		if err != nil {
			return err
		}
		if !public {
			return bianmin.ErrNotFound
		}
		f, err = store.FileByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := File(*f)
	return &out, nil
}

// FileForStaff returns any file of a centre in the actor's scope, for
// staff previewing the forms of a draft or a photo before it is public.
func (s *Service) FileForStaff(ctx context.Context, a *bianmin.Actor, id int64) (*File, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var f *store.File
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		f, err = store.FileByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !inScope(a, f.CentreID) {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: f.CentreID, Action: "file.read", ObjectType: "file", ObjectID: idStr(id)})
	}
	out := File(*f)
	return &out, nil
}
