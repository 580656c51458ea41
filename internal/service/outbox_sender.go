package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
)

// MessageSender delivers one outbox message to the applicant's phone (C-7).
// Send must be idempotent for the same message ID: the worker may retry a
// message whose earlier attempt timed out after the gateway took it.
// Channel names the sender in the outbox row ("webhook").
type MessageSender interface {
	Channel() string
	Send(ctx context.Context, m *bianmin.Message, phone string) error
}

// WebhookSender posts each message as JSON to an SMS gateway's webhook:
// {"id", "phone", "text", "text_en", "kind", "case_id"} with the header
// Idempotency-Key: bianmin-<id>, so a gateway that saw the message already
// does not send it twice. Any 2xx answer counts as taken.
type WebhookSender struct {
	URL    string
	Client *http.Client
}

// NewWebhookSender returns a sender to url with a 10-second timeout.
func NewWebhookSender(url string) *WebhookSender {
	return &WebhookSender{URL: url, Client: &http.Client{Timeout: 10 * time.Second}}
}

// Channel names the sender in the outbox.
func (w *WebhookSender) Channel() string { return "webhook" }

// Send posts one message.
func (w *WebhookSender) Send(ctx context.Context, m *bianmin.Message, phone string) error {
	body, err := json.Marshal(map[string]any{"id": m.ID, "phone": phone, "text": m.BodyZH, "text_en": m.BodyEN,
		"kind": m.Kind, "case_id": m.CaseID})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "bianmin-"+strconv.FormatInt(m.ID, 10))
	resp, err := w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms webhook: HTTP %d", resp.StatusCode)
	}
	return nil
}
