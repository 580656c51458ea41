package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"math/big"
	"strings"
	"text/tabwriter"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stdout, "Usage: bianmin user add|passwd|disable|list [flags]\n  add      create an account (the first administrator comes from here or from /setup)\n  passwd   reset a password (must be changed at next login)\n  disable  disable an account and end its sessions\n  list     list accounts")
		return nil
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return userAdd(ctx, env, args)
	case "passwd":
		return userPasswd(ctx, env, args)
	case "disable":
		return userDisable(ctx, env, args)
	case "list":
		return userList(ctx, env, args)
	}
	return bianmin.Errorf(bianmin.EINVALID, "未知子命令 user "+sub, "unknown subcommand user "+sub)
}

// openService opens the database for a one-shot command.
func openService(ctx context.Context, dsn string) (*service.Service, func(), error) {
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		return nil, nil, err
	}
	svc := service.New(db, bianmin.SystemClock{}, nil)
	if err := svc.Prepare(ctx, ""); err != nil {
		db.Close()
		return nil, nil, err
	}
	return svc, func() { db.Close() }, nil
}

var cliActor = bianmin.SystemActor("cli")

func userAdd(ctx context.Context, env Env, args []string) error {
	fs := flags("user add", env)
	db := dbFlag(fs, env)
	username := fs.String("username", "", "login name (required)")
	name := fs.String("name", "", "person's name (required)")
	role := fs.String("role", string(bianmin.RoleSecAdmin), "role: "+roleList())
	region := fs.String("centre", "", "the centre's 12-digit region code; created with --centre-name when it does not exist yet")
	centreName := fs.String("centre-name", "", "name of a new centre")
	stdinPw := fs.Bool("password-stdin", false, "read the password from the first line of stdin instead of generating a one-time password")
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, done, err := openService(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	centre, err := findOrCreateCentre(ctx, svc, *region, *centreName)
	if err != nil {
		return err
	}
	pw, generated, err := password(env, *stdinPw)
	if err != nil {
		return err
	}
	u, err := svc.CreateUser(ctx, cliActor, service.NewUser{
		CentreID: centre.ID, Username: *username, DisplayName: *name, Password: pw,
		Grants: []bianmin.Grant{{Role: bianmin.Role(*role), CentreID: centre.ID}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已创建账户 / created account %s (%s) at %s\n", u.Username, bianmin.Role(*role).Name("zh"), centre.Name)
	if generated {
		fmt.Fprintf(env.Stdout, "一次性密码 / one-time password: %s\n首次登录须修改 / it must be changed at first login.\n", pw)
	}
	return nil
}

func findOrCreateCentre(ctx context.Context, svc *service.Service, region, name string) (*bianmin.Centre, error) {
	centres, err := svc.AllCentres(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range centres {
		if c.RegionCode == region || (region == "" && len(centres) == 1) {
			return c, nil
		}
	}
	if region == "" || name == "" {
		return nil, bianmin.FieldError("centre",
			"请用 --centre 指定中心的 12 位行政区划代码；新中心还需 --centre-name。",
			"Give the centre's 12-digit region code with --centre, and --centre-name for a new centre.")
	}
	return svc.CreateCentre(ctx, cliActor, bianmin.Centre{RegionCode: region, Name: name, Level: 5})
}

// password reads one line from stdin, or generates a strong one-time password.
func password(env Env, fromStdin bool) (pw string, generated bool, err error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, bianmin.FieldError("password", "未能从标准输入读取密码。", "Could not read the password from stdin.")
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	return OneTimePassword(), true, nil
}

// OneTimePassword returns 16 random characters with all four classes.
func OneTimePassword() string {
	sets := []string{"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+-=@"}
	all := strings.Join(sets, "")
	b := make([]byte, 0, 16)
	for _, s := range sets {
		b = append(b, s[randInt(len(s))])
	}
	for len(b) < 16 {
		b = append(b, all[randInt(len(all))])
	}
	for i := len(b) - 1; i > 0; i-- {
		j := randInt(i + 1)
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func randInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

func roleList() string {
	var rs []string
	for _, r := range bianmin.Roles {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, ", ")
}

func findUser(ctx context.Context, svc *service.Service, username string) (*bianmin.User, error) {
	users, err := svc.AllUsers(ctx)
	if err != nil {
		return nil, err
	}
	want := strings.ToLower(strings.TrimSpace(username))
	for _, u := range users {
		if u.Username == want {
			return u, nil
		}
	}
	return nil, bianmin.FieldError("username", "没有用户名为 "+username+" 的账户。", "No account named "+username+".")
}

// onUser parses a user subcommand's flags (--db, --username and any the
// caller adds), opens the database and runs fn on the named account.
func onUser(ctx context.Context, env Env, name string, args []string, extra func(*flag.FlagSet),
	fn func(svc *service.Service, u *bianmin.User) error) error {
	fs := flags(name, env)
	db := dbFlag(fs, env)
	username := fs.String("username", "", "login name (required)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, done, err := openService(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	u, err := findUser(ctx, svc, *username)
	if err != nil {
		return err
	}
	return fn(svc, u)
}

func userPasswd(ctx context.Context, env Env, args []string) error {
	var stdinPw *bool
	return onUser(ctx, env, "user passwd", args, func(fs *flag.FlagSet) {
		stdinPw = fs.Bool("password-stdin", false, "read the new password from stdin instead of generating one")
	}, func(svc *service.Service, u *bianmin.User) error {
		pw, generated, err := password(env, *stdinPw)
		if err != nil {
			return err
		}
		if err := svc.SetUserPassword(ctx, cliActor, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已重置密码 / password reset for %s\n", u.Username)
		if generated {
			fmt.Fprintf(env.Stdout, "一次性密码 / one-time password: %s\n", pw)
		}
		return nil
	})
}

func userDisable(ctx context.Context, env Env, args []string) error {
	return onUser(ctx, env, "user disable", args, nil, func(svc *service.Service, u *bianmin.User) error {
		if err := svc.DisableUser(ctx, cliActor, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已停用 / disabled %s\n", u.Username)
		return nil
	})
}

func userList(ctx context.Context, env Env, args []string) error {
	fs := flags("user list", env)
	db := dbFlag(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, done, err := openService(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	users, err := svc.AllUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLES\tSTATUS")
	for _, u := range users {
		var roles []string
		for _, g := range u.Grants {
			roles = append(roles, string(g.Role))
		}
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, strings.Join(roles, ","), status)
	}
	return tw.Flush()
}
