package telegram_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestSetMyCommandsPerScope(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	viewer := []tgbotapi.BotCommand{{Command: "status", Description: "Farm status"}}
	admin := append(viewer, tgbotapi.BotCommand{Command: "withdraw", Description: "Withdraw hashes"})

	if _, err := e.bot.Request(tgbotapi.NewSetMyCommands(viewer...)); err != nil {
		t.Fatal(err)
	}
	adminScope := tgbotapi.NewBotCommandScopeChat(alice.ID)
	if _, err := e.bot.Request(tgbotapi.NewSetMyCommandsWithScope(adminScope, admin...)); err != nil {
		t.Fatal(err)
	}

	want := []simtelegram.BotCommand{{Command: "status", Description: "Farm status"},
		{Command: "withdraw", Description: "Withdraw hashes"}}
	if got := e.srv.Commands(fmt.Sprintf("chat:%d", alice.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("chat scope %+v", got)
	}
	if got := e.srv.Commands("default"); !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("default scope %+v", got)
	}
	got, err := e.bot.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScope(adminScope))
	if err != nil || !reflect.DeepEqual(got, admin) {
		t.Fatalf("getMyCommands %+v, err %v", got, err)
	}
	// No fallback to a wider scope, and languages are separate lists.
	if got := e.srv.CommandsFor("default", "ru"); got != nil {
		t.Fatalf("ru list %+v", got)
	}

	if _, err := e.bot.Request(tgbotapi.NewDeleteMyCommandsWithScope(adminScope)); err != nil {
		t.Fatal(err)
	}
	if got := e.srv.Commands(fmt.Sprintf("chat:%d", alice.ID)); got != nil {
		t.Fatalf("after delete %+v", got)
	}
	empty, err := e.bot.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScope(adminScope))
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("getMyCommands after delete %#v, err %v", empty, err)
	}
}

func TestSetMyCommandsRefusals(t *testing.T) {
	e := start(t, unlimited)
	cases := []struct {
		name string
		cfg  tgbotapi.SetMyCommandsConfig
		want string
	}{
		{"capital letters", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "myRigs", Description: "Rigs"}),
			"Bad Request: BOT_COMMAND_INVALID"},
		{"leading slash", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "/rigs", Description: "Rigs"}),
			"Bad Request: BOT_COMMAND_INVALID"},
		{"empty description", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "rigs"}),
			"Bad Request: command description must be non-empty"},
		{"unknown chat scope", tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(555),
			tgbotapi.BotCommand{Command: "rigs", Description: "Rigs"}), "Bad Request: chat not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.bot.Request(c.cfg)
			wantAPIError(t, err, http.StatusBadRequest, c.want)
		})
	}
	if got := e.srv.Commands("default"); got != nil {
		t.Fatalf("a refused list was stored: %+v", got)
	}
}
