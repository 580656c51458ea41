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
	role := fs.String("role", string(bianmin.RoleSecAdmin), "role, or several separated by commas: "+roleList())
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
	roles := splitRoles(*role)
	first, err := svc.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	if first {
		return firstAdmin(ctx, env, svc, *username, *name, roles, *region, *centreName, *stdinPw)
	}
	centre, err := findOrCreateCentre(ctx, svc, *region, *centreName)
	if err != nil {
		return err
	}
	pw, generated, err := password(ctx, env, svc, *stdinPw, centre.ID, *username)
	if err != nil {
		return err
	}
	var grants []bianmin.Grant
	for _, r := range roles {
		grants = append(grants, bianmin.Grant{Role: r, CentreID: centre.ID})
	}
	u, err := svc.CreateUser(ctx, cliActor, service.NewUser{
		CentreID: centre.ID, Username: *username, DisplayName: *name, Password: pw, Grants: grants,
	})
	if err != nil {
		return err
	}
	printCreated(env, u.Username, roles, centre.Name, pw, generated)
	return nil
}

// firstAdmin creates the first account of an empty database: the security
// administrator, who then creates the others (SECURITY.md items 1 and 8). It
// is the use case of the /setup page, so the centre and the account are
// validated together and written in one transaction: on any error nothing
// is written. A generated password must be changed at the first login.
func firstAdmin(ctx context.Context, env Env, svc *service.Service, username, name string, roles []bianmin.Role,
	region, centreName string, stdinPw bool) error {
	if len(roles) != 1 || roles[0] != bianmin.RoleSecAdmin {
		return bianmin.FieldError("role",
			"第一个账户必须是安全管理员（--role secadmin），其他账户由其创建。",
			"The first account must be the security administrator (--role secadmin), who then creates the others.")
	}
	centre, err := findCentre(ctx, svc, region)
	if err != nil {
		return err
	}
	if centre == nil {
		if region == "" || centreName == "" {
			return errNoCentre
		}
		centre = &bianmin.Centre{RegionCode: region, Name: centreName, Level: 5}
	}
	pw, generated, err := password(ctx, env, svc, stdinPw, centre.ID, username)
	if err != nil {
		return err
	}
	if err := svc.Setup(ctx, *centre, service.NewUser{Username: username, DisplayName: name, Password: pw}); err != nil {
		return err
	}
	u, err := findUser(ctx, svc, username)
	if err != nil {
		return err
	}
	if generated {
		if err := svc.SetUserPassword(ctx, cliActor, u.ID, pw); err != nil {
			return err
		}
	}
	printCreated(env, u.Username, roles, centre.Name, pw, generated)
	return nil
}

func printCreated(env Env, username string, roles []bianmin.Role, centre, pw string, generated bool) {
	var names []string
	for _, r := range roles {
		names = append(names, r.Name("zh"))
	}
	fmt.Fprintf(env.Stdout, "已创建账户 / created account %s (%s) at %s\n", username, strings.Join(names, "、"), centre)
	if generated {
		fmt.Fprintf(env.Stdout, "一次性密码 / one-time password: %s\n首次登录须修改 / it must be changed at first login.\n", pw)
	}
}

func splitRoles(s string) []bianmin.Role {
	var out []bianmin.Role
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, bianmin.Role(r))
		}
	}
	return out
}

var errNoCentre = bianmin.FieldError("centre",
	"请用 --centre 指定中心的 12 位行政区划代码；新中心还需 --centre-name。",
	"Give the centre's 12-digit region code with --centre, and --centre-name for a new centre.")

// findCentre returns the centre with the region code, or the only centre
// when none is named; nil when there is no such centre.
func findCentre(ctx context.Context, svc *service.Service, region string) (*bianmin.Centre, error) {
	centres, err := svc.AllCentres(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range centres {
		if c.RegionCode == region || (region == "" && len(centres) == 1) {
			return c, nil
		}
	}
	return nil, nil
}

func findOrCreateCentre(ctx context.Context, svc *service.Service, region, name string) (*bianmin.Centre, error) {
	c, err := findCentre(ctx, svc, region)
	if err != nil || c != nil {
		return c, err
	}
	if region == "" || name == "" {
		return nil, errNoCentre
	}
	return svc.CreateCentre(ctx, cliActor, bianmin.Centre{RegionCode: region, Name: name, Level: 5})
}

// password reads one line from stdin, or generates a strong one-time
// password long enough for the centre's rules (centre 0: the defaults) and
// free of the username.
func password(ctx context.Context, env Env, svc *service.Service, fromStdin bool, centreID int64, username string) (pw string, generated bool, err error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, bianmin.FieldError("password", "未能从标准输入读取密码。", "Could not read the password from stdin.")
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	n := 16
	if centreID != 0 {
		p, _, err := svc.EffectivePolicy(ctx, centreID)
		if err != nil {
			return "", false, err
		}
		n = max(n, p.Security.PasswordMinLength)
	}
	name := strings.ToLower(strings.TrimSpace(username))
	for {
		pw = oneTimePassword(n)
		if len(name) < 3 || !strings.Contains(strings.ToLower(pw), name) {
			return pw, true, nil
		}
	}
}

// OneTimePassword returns 16 random characters with all four classes.
func OneTimePassword() string { return oneTimePassword(16) }

// oneTimePassword returns n (at least 4) random characters with all four classes.
func oneTimePassword(n int) string {
	sets := []string{"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+-=@"}
	all := strings.Join(sets, "")
	b := make([]byte, 0, n)
	for _, s := range sets {
		b = append(b, s[randInt(len(s))])
	}
	for len(b) < n {
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
		pw, generated, err := password(ctx, env, svc, *stdinPw, u.CentreID, u.Username)
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
	// ListUsers carries the grants; with no centre there is no account, and
	// the system actor would be refused (and audited) for an empty scope.
	var users []*bianmin.User
	if centres, err := svc.AllCentres(ctx); err != nil {
		return err
	} else if len(centres) > 0 {
		if users, err = svc.ListUsers(ctx, cliActor); err != nil {
			return err
		}
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
