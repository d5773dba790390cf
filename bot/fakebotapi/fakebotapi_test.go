package fakebotapi

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestRequestsAreRecorded posts calls the ways the Bot API accepts them
// and checks each is recorded with its parameters and when it came.
func TestRequestsAreRecorded(t *testing.T) {
	multipartBody := func() (string, *bytes.Buffer) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("chat_id", "-100")
		w.WriteField("text", "你好")
		w.Close()
		return w.FormDataContentType(), &buf
	}
	ct, mp := multipartBody()
	tests := []struct {
		name, contentType, body string
	}{
		{"multipart", ct, mp.String()},
		{"JSON", "application/json", `{"chat_id":-100,"text":"你好"}`},
		{"form", "application/x-www-form-urlencoded", url.Values{"chat_id": {"-100"}, "text": {"你好"}}.Encode()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			before := time.Now()
			resp, err := http.Post(s.URL+"/bot123:abc/sendMessage", tt.contentType, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			after := time.Now()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %s", resp.Status)
			}
			got := s.Requests("sendMessage")
			if len(got) != 1 || len(s.Requests("getMe")) != 0 || len(s.Requests("")) != 1 {
				t.Fatalf("requests: %+v", s.Requests(""))
			}
			r := got[0]
			if r.Params["chat_id"] != "-100" || r.Params["text"] != "你好" {
				t.Errorf("params %v", r.Params)
			}
			if r.Time.Before(before) || r.Time.After(after) {
				t.Errorf("received at %v, not between %v and %v", r.Time, before, after)
			}
		})
	}
}

// TestDownHoldAndFail: a server that is down answers nothing, a held
// method waits for its release, and a failure queued for any method
// goes to the next call, whichever it is.
func TestDownHoldAndFail(t *testing.T) {
	s := New(t)
	call := func(method string) (int, error) {
		resp, err := http.Post(s.URL+"/bot123:abc/"+method, "application/json", strings.NewReader(`{"text":"好"}`))
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	s.Down()
	if code, err := call("getMe"); err == nil {
		t.Errorf("a server that is down answered %d", code)
	}
	s.Up()
	if code, err := call("getMe"); err != nil || code != http.StatusOK {
		t.Errorf("a server back up: %d, %v", code, err)
	}
	if n := len(s.Requests("getMe")); n != 2 {
		t.Errorf("%d getMe calls recorded, want both", n)
	}

	s.Fail("", http.StatusTooManyRequests, 3)
	if code, _ := call("sendMessage"); code != http.StatusTooManyRequests {
		t.Errorf("the failure for any method: %d", code)
	}
	if code, _ := call("sendMessage"); code != http.StatusOK {
		t.Errorf("after the failure: %d", code)
	}

	release := s.Hold("editMessageText")
	answered := make(chan int, 1)
	go func() { code, _ := call("editMessageText"); answered <- code }()
	s.WaitFor("editMessageText", 1, 5*time.Second)
	select {
	case code := <-answered:
		t.Fatalf("a held call was answered (%d)", code)
	default:
	}
	release()
	if code := <-answered; code != http.StatusOK {
		t.Errorf("released call: %d", code)
	}
}

// TestRefusesWhatTelegramRefuses: HTML Telegram cannot parse, a text
// over 4096 characters, a caption over 1024 and button data over 64
// bytes are a Bad Request, as they are from Telegram.
func TestRefusesWhatTelegramRefuses(t *testing.T) {
	s := New(t)
	call := func(method, body string) int {
		resp, err := http.Post(s.URL+"/bot123:abc/"+method, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	long := strings.Repeat("字", 4097)
	for _, tc := range []struct {
		method, body string
		code         int
	}{
		{"sendMessage", `{"text":"<b>a &lt; b &amp; c</b> & d","parse_mode":"HTML"}`, http.StatusOK},
		{"sendMessage", `{"text":"<b>` + long[:4096*3] + `</b>","parse_mode":"HTML"}`, http.StatusOK},
		{"sendMessage", `{"text":"a < b","parse_mode":"HTML"}`, http.StatusBadRequest},
		{"sendMessage", `{"text":"<u>a","parse_mode":"HTML"}`, http.StatusBadRequest},
		{"sendMessage", `{"text":"<b><i>a</b></i>","parse_mode":"HTML"}`, http.StatusBadRequest},
		{"sendMessage", `{"text":"a < b"}`, http.StatusOK},
		{"sendMessage", `{"text":"` + long + `"}`, http.StatusBadRequest},
		{"sendMessage", `{"text":" "}`, http.StatusBadRequest},
		{"editMessageText", `{"text":"<x>","parse_mode":"HTML"}`, http.StatusBadRequest},
		{"sendPhoto", `{"caption":"` + long[:1025*3] + `"}`, http.StatusBadRequest},
		{"sendMessage", `{"text":"a","reply_markup":{"inline_keyboard":[[{"text":"b","callback_data":"` + strings.Repeat("x", 65) + `"}]]}}`, http.StatusBadRequest},
		{"sendMessage", `{"text":"a","reply_markup":{"inline_keyboard":[[{"text":"b","callback_data":"` + strings.Repeat("x", 64) + `"}]]}}`, http.StatusOK},
		{"answerCallbackQuery", `{"text":"` + long[:201*3] + `"}`, http.StatusBadRequest},
	} {
		if code := call(tc.method, tc.body); code != tc.code {
			t.Errorf("%s %.80s: %d, want %d", tc.method, tc.body, code, tc.code)
		}
	}
}

// A multipart body cut short (a call the client cancelled while sending
// it) is refused and not recorded: Telegram never gets such a call, and
// recorded it read as a sendMessage to no chat, which a load test took
// for an answer.
func TestCutShortBodyIsNoCall(t *testing.T) {
	s := New(t)
	body := "--b\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n半句"
	resp, err := http.Post(s.URL+"/bot123:abc/sendMessage", "multipart/form-data; boundary=b", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400", resp.StatusCode)
	}
	if got := s.Requests("sendMessage"); len(got) != 0 {
		t.Errorf("recorded %+v", got)
	}
	// An empty body is a call without parameters, as before.
	resp, err = http.Post(s.URL+"/bot123:abc/getMe", "multipart/form-data; boundary=b", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(s.Requests("getMe")) != 1 {
		t.Errorf("an empty call: status %d, %d recorded", resp.StatusCode, len(s.Requests("getMe")))
	}
}
