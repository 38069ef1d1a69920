package reports

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"pitboss/store"
)

var timeOfDay = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)

// schedule is when a user's report goes out: a cron schedule in their zone, or nil when they want none.
func (rp *Reports) schedule(u store.User) (cron.Schedule, *time.Location) {
	at := u.ReportAt
	if at == "" {
		at = rp.Daily
	}
	m := timeOfDay.FindStringSubmatch(at)
	if at == store.ReportOff || m == nil {
		return nil, nil
	}
	loc := rp.zone(u)
	hh, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	// CRON_TZ makes the schedule keep its local time across daylight-saving changes.
	s, err := cron.ParseStandard(fmt.Sprintf("CRON_TZ=%s %d %d * * *", loc, mm, hh))
	if err != nil {
		return nil, nil
	}
	return s, loc
}

// zone is the user's time zone, else the default.
func (rp *Reports) zone(u store.User) *time.Location {
	if u.Timezone != "" {
		if loc, err := time.LoadLocation(u.Timezone); err == nil {
			return loc
		}
	}
	return rp.Zone
}

// previous is the schedule's last time at or before now.
func previous(s cron.Schedule, now time.Time) time.Time {
	var last time.Time
	for t := s.Next(now.Add(-49 * time.Hour)); !t.After(now); t = s.Next(t) {
		last = t
	}
	return last
}

// Run schedules every user's report, sends those missed while pitboss was down (once, marked late), and
// keeps the schedules until ctx ends; /report changes them meanwhile.
func (rp *Reports) Run(ctx context.Context) error {
	rp.defaults()
	jobs, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	c := cron.New(cron.WithLogger(cronLogger{rp}), cron.WithChain(cron.Recover(cronLogger{rp})))
	rp.mu.Lock()
	rp.cron, rp.ctx, rp.entries = c, jobs, map[uint]cron.EntryID{}
	rp.mu.Unlock()
	users, err := rp.Store.Users(ctx)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	for _, u := range users {
		rp.reschedule(u)
	}
	c.Start()
	rp.catchUp(jobs, users)
	<-ctx.Done()
	stopped := c.Stop()
	select {
	case <-stopped.Done():
	case <-time.After(10 * time.Second):
		rp.Log.Warn("reports still being made after 10 s; cancelling them")
		cancel()
		<-stopped.Done()
	}
	return nil
}

// reschedule puts a user's report on the schedule they now have, replacing any other.
func (rp *Reports) reschedule(u store.User) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.cron == nil {
		return // not running (a test of the commands alone)
	}
	if id, ok := rp.entries[u.ID]; ok {
		rp.cron.Remove(id)
		delete(rp.entries, u.ID)
	}
	s, _ := rp.schedule(u)
	if s == nil {
		return
	}
	jobs, id := rp.ctx, u.TelegramID
	rp.entries[u.ID] = rp.cron.Schedule(s, cron.FuncJob(func() {
		rp.due(jobs, id, previous(s, rp.Now()), time.Time{})
	}))
}

// catchUp sends the reports missed while pitboss was not running: a user whose last report is older than
// their last scheduled time gets that one now, marked late. A user who never had a report gets none
// before their first time: pitboss was not down for them.
func (rp *Reports) catchUp(ctx context.Context, users []store.User) {
	now := rp.Now()
	for _, u := range users {
		s, _ := rp.schedule(u)
		if s == nil || u.ReportDoneAt == nil {
			continue
		}
		due := previous(s, now)
		if !due.IsZero() && u.ReportDoneAt.Before(due) && now.Sub(due) < 24*time.Hour {
			rp.due(ctx, u.TelegramID, due, due)
		}
	}
}

// due makes and queues a user's report for the scheduled time due; late is due when it goes out late.
func (rp *Reports) due(ctx context.Context, telegramID int64, due, late time.Time) {
	u, err := rp.Store.User(ctx, telegramID)
	if err != nil {
		rp.Log.Warn("a report's user is gone", "user", telegramID, "error", err)
		return
	}
	if u.ChatID == 0 || u.UnreachableSince != nil {
		return
	}
	msg, err := rp.make(ctx, *u, due.Add(-24*time.Hour), due, late)
	if err != nil {
		rp.Log.Error("making a daily report failed", "user", telegramID, "error", err)
		return
	}
	queued, err := rp.Store.QueueReport(ctx, u.ID, due, []store.OutboxMessage{msg})
	switch {
	case err != nil:
		rp.Log.Error("queueing a daily report failed", "user", telegramID, "error", err)
	case queued:
		rp.Log.Info("daily report queued", "user", telegramID, "due", due, "late", !late.IsZero())
		if rp.Notifier != nil {
			rp.Notifier.Notify()
		}
	}
}

// make is a report as the message that carries it: its chart with the text as caption, or the text alone
// when there is no chart.
func (rp *Reports) make(ctx context.Context, u store.User, from, to, late time.Time) (store.OutboxMessage, error) {
	text, err := rp.text(ctx, u, from, to, late)
	if err != nil {
		return store.OutboxMessage{}, err
	}
	msg := store.OutboxMessage{ChatID: u.ChatID, Kind: store.KindText, Text: text}
	if rp.Charter != nil {
		png, err := rp.Charter.FarmChart(ctx, u, from, to)
		if err != nil {
			rp.Log.Warn("drawing a report's chart failed; it goes out as text", "user", u.TelegramID, "error", err)
		} else if png != nil {
			msg.Kind, msg.Photo = store.KindPhoto, png
		}
	}
	return msg, nil
}

// text is the report of [from, to) against the day before.
func (rp *Reports) text(ctx context.Context, u store.User, from, to, late time.Time) (string, error) {
	cur, err := rp.gather(ctx, u, from, to)
	if err != nil {
		return "", err
	}
	prev, err := rp.gather(ctx, u, from.Add(-24*time.Hour), from)
	if err != nil {
		return "", err
	}
	return render(cur, prev, rp.zone(u), late), nil
}

// cronLogger writes cron's own messages to the log.
type cronLogger struct{ rp *Reports }

func (l cronLogger) Info(msg string, kv ...any) { l.rp.Log.Debug("reports cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.rp.Log.Error("reports cron: "+msg, append(kv, "error", err)...)
}
