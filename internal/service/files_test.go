package service_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// pngBytes is a small valid PNG followed by extra bytes, which re-encoding drops.
func pngBytes(t *testing.T, extra string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return append(buf.Bytes(), extra...)
}

func (e *catEnv) mustFile(name string, data []byte) *service.File {
	e.t.Helper()
	f, err := e.svc.SaveFile(e.ctx, e.director, e.townA, name, data)
	if err != nil {
		e.t.Fatalf("upload %s: %v", name, err)
	}
	return f
}

// TestSaveFileChecks (SECURITY.md item 37): the type comes from the magic
// bytes, not the name; only PDF, JPEG and PNG; at most 10 MB; images are
// re-encoded; the stored name is cleaned; refusals write nothing.
func TestSaveFileChecks(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		refused := map[string][]byte{
			"form.pdf":  []byte("<!DOCTYPE html><script>alert(1)</script>"),
			"big.pdf":   append([]byte("%PDF-1.7\n"), make([]byte, service.MaxFileSize)...),
			"empty.png": nil,
			"bad.png":   []byte("\x89PNG\r\n\x1a\nnot really"),
		}
		for name, data := range refused {
			_, err := e.svc.SaveFile(e.ctx, e.director, e.townA, name, data)
			if be := wantCode(t, err, bianmin.EINVALID, name); be.Field != "file" || be.Rule != "SECURITY-37" {
				t.Errorf("%s: field %q rule %q, want file SECURITY-37", name, be.Field, be.Rule)
			}
		}
		if n := e.count("SELECT count(*) FROM files"); n != 0 {
			t.Fatalf("%d refused files written", n)
		}
		_, err := e.svc.SaveFile(e.ctx, e.clerk, e.townA, "a.pdf", []byte("%PDF-1.4\n%%EOF"))
		wantForbidden(t, err, "a clerk uploading")

		f := e.mustFile(`C:\Users\x\..\照片"<b>.html`, pngBytes(t, "<script>trailing</script>"))
		if f.ID == 0 || f.ContentType != "image/png" || f.Name != "照片b.png" || bytes.Contains(f.Data, []byte("script")) {
			t.Fatalf("stored %d %q %s, trailing data kept: %v", f.ID, f.Name, f.ContentType, bytes.Contains(f.Data, []byte("script")))
		}
		if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil || f.Size != int64(len(f.Data)) || len(f.SHA256) != 64 {
			t.Fatalf("re-encoded image: %v, size %d/%d, sha %q", err, f.Size, len(f.Data), f.SHA256)
		}
		pdf := e.mustFile("表格.PDF", []byte("%PDF-1.4\n1 0 obj\n%%EOF\n"))
		if pdf.ContentType != "application/pdf" || pdf.Name != "表格.pdf" {
			t.Fatalf("pdf stored as %q %s", pdf.Name, pdf.ContentType)
		}
		if e.auditRows("file.upload", "SECURITY-37", bianmin.ResultOK) != 2 {
			t.Error("uploads are not audited")
		}
	})
}

// TestPublicFile: a file is public only as a form or sample of a published
// item's material (CAT-2) or as the photo of a post holder on the staff
// board (ORG-3); anything else is ErrNotFound.
func TestPublicFile(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		form := e.mustFile("blank.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		photo := e.mustFile("me.png", pngBytes(t, ""))
		stray := e.mustFile("stray.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		notFound := func(id int64, what string) {
			t.Helper()
			if _, err := e.svc.PublicFile(e.ctx, id); !errors.Is(err, bianmin.ErrNotFound) {
				t.Fatalf("%s: got %v, want ErrNotFound", what, err)
			}
		}
		notFound(stray.ID, "an unreferenced file")
		it := e.item("IMPL-F", "生育登记", "")
		it.Materials[0].BlankFormID = form.ID
		e.mustCreate(it)
		notFound(form.ID, "the form of a draft")
		e.mustPublish(it.ID)
		if got, err := e.svc.PublicFile(e.ctx, form.ID); err != nil || !bytes.Equal(got.Data, form.Data) {
			t.Fatalf("form of a published item: %v", err)
		}

		if err := e.svc.SaveStaffProfile(e.ctx, e.director, e.clerk1.ID, service.StaffProfile{StaffNo: "S01", PhotoFileID: photo.ID}); err != nil {
			t.Fatal(err)
		}
		notFound(photo.ID, "the photo of a person holding no post")
		w := e.mustWindow("1")
		if err := e.svc.SetWindowPosts(e.ctx, e.director, w.ID, e.clerk1.ID, e.clerk2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.PublicFile(e.ctx, photo.ID); err != nil {
			t.Fatalf("photo on the board: %v", err)
		}
		notFound(stray.ID, "an unreferenced file, again")
		if _, err := e.svc.FileForStaff(e.ctx, e.clerk, stray.ID); err != nil {
			t.Errorf("staff of the centre reading an upload: %v", err)
		}
		_, err := e.svc.FileForStaff(e.ctx, e.officeB, stray.ID)
		wantForbidden(t, err, "another centre's staff reading an upload")
	})
}
