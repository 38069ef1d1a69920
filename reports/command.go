package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/bot"
	"pitboss/store"
)

const reportUsage = "Usage: /report at HH:MM [zone], such as /report at 08:30 Europe/Berlin; /report off; /report now."

// report is /report: without arguments it says when the user's report goes out; "at", "off" and "now"
// change it or make one now.
func (rp *Reports) report(ctx context.Context, r *bot.Request) error {
	fields := strings.Fields(r.Args)
	if len(fields) == 0 {
		return r.Reply(ctx, rp.describe(*r.User)+"\n"+reportUsage)
	}
	switch strings.ToLower(fields[0]) {
	case "now":
		if len(fields) > 1 {
			return bot.UserErrorf("%s", reportUsage)
		}
		return rp.now(ctx, r)
	case "off":
		if len(fields) > 1 {
			return bot.UserErrorf("%s", reportUsage)
		}
		return rp.set(ctx, r, store.ReportOff, "")
	case "at":
		if len(fields) < 2 || len(fields) > 3 || !timeOfDay.MatchString(fields[1]) {
			return bot.UserErrorf("Give a time of day such as 08:30, and a zone if it is not yours.\n%s", reportUsage)
		}
		zone := ""
		if len(fields) == 3 {
			loc, err := time.LoadLocation(fields[2])
			if err != nil || fields[2] == "" || strings.EqualFold(fields[2], "local") {
				return bot.UserErrorf("“%s” is not a time zone: use a name such as Europe/Berlin, America/New_York or UTC.", bot.Escape(fields[2]))
			}
			zone = loc.String()
		}
		return rp.set(ctx, r, fields[1], zone)
	}
	return bot.UserErrorf("%s", reportUsage)
}

// set stores the user's report time (and zone, unless it is "") and puts it on the schedule at once.
func (rp *Reports) set(ctx context.Context, r *bot.Request, at, zone string) error {
	if err := rp.Store.SetReport(ctx, r.User.ID, at, zone); err != nil {
		return err
	}
	u := *r.User
	u.ReportAt = at
	if zone != "" {
		u.Timezone = zone
	}
	rp.reschedule(u)
	return r.Reply(ctx, rp.describe(u))
}

// describe says when the user's report goes out next.
func (rp *Reports) describe(u store.User) string {
	s, loc := rp.schedule(u)
	if s == nil {
		return "You get no daily report. /report at 08:30 starts them."
	}
	next := s.Next(rp.Now()).In(loc)
	when := "at " + next.Format("15:04") + " " + loc.String()
	if u.ReportAt == "" {
		when += " (the default)"
	}
	return fmt.Sprintf("Your daily report goes out %s; the next on %s.", when, next.Format("Mon 2 Jan"))
}

// now makes a report of the last 24 hours and replies with it.
func (rp *Reports) now(ctx context.Context, r *bot.Request) error {
	_ = r.UploadingPhoto(ctx)
	to := rp.Now()
	msg, err := rp.make(ctx, *r.User, to.Add(-24*time.Hour), to, time.Time{})
	if err != nil {
		return err
	}
	if msg.Kind == store.KindPhoto {
		return r.ReplyPhoto(ctx, msg.Photo, msg.Text)
	}
	return r.Reply(ctx, msg.Text)
}
