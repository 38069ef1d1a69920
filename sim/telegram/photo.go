package telegram

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif" // decoders for the formats Telegram takes as photos
	_ "image/jpeg"
	_ "image/png"
	"strings"
)

// Telegram's limits on a photo's dimensions: width plus height at most 10000, sides at most 20:1.
const (
	maxPhotoSides = 10000
	maxPhotoRatio = 20
)

// storedFile is an uploaded photo, which the bot can send again by its file_id.
type storedFile struct {
	id       string
	uniqueID string
	data     []byte
	width    int
	height   int
}

func (f *storedFile) wire() wirePhotoSize {
	return wirePhotoSize{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: len(f.data)}
}

func (s *Server) newFileLocked(data []byte, width, height int) *storedFile {
	s.nextFile++
	f := &storedFile{
		id:       fmt.Sprintf("AgACAgIAAxkDAAI%07dsimPhoto", s.nextFile),
		uniqueID: fmt.Sprintf("AQAD%07d", s.nextFile),
		data:     data,
		width:    width,
		height:   height,
	}
	s.files[f.id] = f
	return f
}

func (s *Server) sendPhoto(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.TrimSpace(p.get("chat_id")) == "" {
		return nil, errChatIDEmpty
	}
	// The photo is an uploaded file field, an "attach://<field>" reference to one, or a file_id (or URL) string.
	var up *upload
	var ref string
	if f, ok := p.files["photo"]; ok {
		up = &f
	} else if ref = p.get("photo"); ref == "" {
		return nil, errNoPhoto
	} else if field, ok := strings.CutPrefix(ref, "attach://"); ok {
		f, ok := p.files[field]
		if !ok {
			return nil, errNoPhoto
		}
		up = &f
	}
	cs, aerr := s.chatParamLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	caption := p.get("caption")
	f, aerr := parseFormatted(caption, p.get("parse_mode"))
	if aerr != nil {
		return nil, aerr
	}
	if visibleLen(f.plain) > maxCaptionLen {
		return nil, errCaptionTooLong
	}
	kb, aerr := parseReplyMarkup(p.get("reply_markup"), false)
	if aerr != nil {
		return nil, aerr
	}
	replyTo, aerr := replyToLocked(cs, p)
	if aerr != nil {
		return nil, aerr
	}

	var file *storedFile
	var cfg image.Config
	switch {
	case up != nil:
		var err error
		cfg, _, err = image.DecodeConfig(bytes.NewReader(up.data))
		if err != nil {
			return nil, errImageProcess
		}
		w, h := cfg.Width, cfg.Height
		if w <= 0 || h <= 0 || w+h > maxPhotoSides || w > maxPhotoRatio*h || h > maxPhotoRatio*w {
			return nil, errPhotoDims
		}
	case strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://"):
		// Everything is offline here, so a URL can never be fetched.
		return nil, errURLContent
	default:
		if file = s.files[ref]; file == nil {
			return nil, errWrongFileID
		}
	}
	now, aerr := s.deliverableLocked(cs)
	if aerr != nil {
		return nil, aerr
	}
	if up != nil {
		file = s.newFileLocked(up.data, cfg.Width, cfg.Height)
	}
	m := cs.add(&message{fromBot: true, date: now, text: caption, plain: f.plain, entities: f.entities,
		parseMode: p.get("parse_mode"), keyboard: kb, photo: file, replyTo: replyTo})
	s.emitMessageLocked(EventSent, cs, m)
	return s.renderLocked(cs, m, true), nil
}
