package cli_test

import (
	"context"
	"maps"
	"strings"
	"testing"
)

// TestNoDefaultPassword: a migrated database holds no account at all, so no
// built-in credential can log in (SECURITY.md item 1).
func TestNoDefaultPassword(t *testing.T) {
	db := dbPath(t)
	mustRun(t, 0, nil, "", "migrate", "--db", db)
	if n := dbState(t, db)["users"]; n != 0 {
		t.Fatalf("a fresh database has %d users, want 0", n)
	}
	r := mustRun(t, 0, nil, "", "user", "list", "--db", db)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 {
		t.Errorf("user list on a fresh database shows accounts:\n%s", r.stdout)
	}
	for _, cred := range [][2]string{{"admin", "admin"}, {"admin", "admin123"}, {"root", "root"}, {"secadmin", "secadmin"}, {"admin", ""}} {
		if ok, _ := login(t, db, cred[0], cred[1]); ok {
			t.Errorf("%s/%s logs in on a fresh database", cred[0], cred[1])
		}
	}
}

// TestUserAddFirstAdmin: on an empty database `user add` creates the centre
// and the first security administrator with a generated one-time password
// that logs in and must be changed.
func TestUserAddFirstAdmin(t *testing.T) {
	db := dbPath(t)
	r := mustRun(t, 0, nil, "", "user", "add", "--db", db, "--username", "Chief", "--name", "张主任",
		"--centre", region, "--centre-name", centreName)
	contains(t, "stdout", r.stdout, "created account chief", "安全管理员", centreName, "首次登录须修改", "must be changed")
	pw := oneTimePassword(t, r.stdout)
	if len(pw) < 16 {
		t.Errorf("one-time password %q is shorter than 16", pw)
	}
	ok, must := login(t, db, "chief", pw)
	if !ok || !must {
		t.Fatalf("login with the one-time password: ok=%v mustChange=%v, want true true", ok, must)
	}
	if ok, _ := login(t, db, "chief", pw+"x"); ok {
		t.Error("a wrong password logs in")
	}
	svc := openSvc(t, db)
	centres, err := svc.AllCentres(context.Background())
	if err != nil || len(centres) != 1 || centres[0].RegionCode != region || centres[0].Name != centreName {
		t.Fatalf("centres after user add: %v (err %v)", centres, err)
	}
	svc.DB.Close()
	list := mustRun(t, 0, nil, "", "user", "list", "--db", db).stdout
	contains(t, "user list", list, "chief", "张主任", "secadmin", "active")
}

// TestUserAddPasswordStdin: the password comes from the first line of stdin
// and is never echoed; later accounts must change it at first login.
func TestUserAddPasswordStdin(t *testing.T) {
	db := dbPath(t)
	r := mustRun(t, 0, nil, adminPW+"\nignored\n", "user", "add", "--db", db, "--username", "chief", "--name", "张主任",
		"--centre", region, "--centre-name", centreName, "--password-stdin")
	if strings.Contains(r.out(), adminPW) || strings.Contains(r.stdout, "one-time password") {
		t.Errorf("user add --password-stdin echoed or generated a password:\n%s", r.out())
	}
	if ok, _ := login(t, db, "chief", adminPW); !ok {
		t.Fatal("the first administrator cannot log in with the password from stdin")
	}
	clerkPW := "Lx9#qWe4rTy8uI"
	mustRun(t, 0, nil, clerkPW+"\r\n", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚",
		"--role", "clerk", "--password-stdin")
	if ok, must := login(t, db, "clerk1", clerkPW); !ok || !must {
		t.Errorf("clerk login: ok=%v mustChange=%v, want true true", ok, must)
	}
	list := mustRun(t, 0, nil, "", "user", "list", "--db", db).stdout
	contains(t, "user list", list, "clerk1", "林晓岚", "clerk")
}

// TestUserAddRefusesBadInput: each fault exits 1 with a message in both
// languages naming the flag, and writes nothing.
func TestUserAddRefusesBadInput(t *testing.T) {
	base := []string{"user", "add", "--name", "张主任"}
	centre := []string{"--centre", region, "--centre-name", centreName}
	cases := []struct {
		name   string
		admin  bool // on a database that already has its first administrator
		stdin  string
		args   []string
		wantZH string
		wantEN string
		flag   string
	}{
		{"bad username", false, "", append([]string{"--username", "A B"}, centre...), "用户名须为", "The username must be", "(--username)"},
		{"weak password", false, "weak\n", append([]string{"--username", "chief", "--password-stdin"}, centre...), "密码至少需要", "The password needs at least", "(--password-stdin)"},
		{"empty stdin", false, "", append([]string{"--username", "chief", "--password-stdin"}, centre...), "未能从标准输入读取密码", "Could not read the password", "(--password-stdin)"},
		{"missing centre", false, "", []string{"--username", "chief"}, "请用 --centre 指定", "Give the centre's 12-digit region code", "(--centre)"},
		{"bad region code", false, "", []string{"--username", "chief", "--centre", "4403", "--centre-name", centreName}, "行政区划代码须为 12 位数字", "The region code must have 12 digits", "(--centre)"},
		{"first account not secadmin", false, "", append([]string{"--username", "chief", "--role", "secadmin,sysadmin"}, centre...), "第一个账户必须是安全管理员", "The first account must be the security administrator", "(--role)"},
		{"two admin roles", true, "", []string{"--username", "ops", "--role", "secadmin,sysadmin"}, "三权分立", "two administrator roles", "(--role)"},
		{"unknown role", true, "", []string{"--username", "ops", "--role", "boss"}, "未知的角色", "Unknown role: boss", "(--role)"},
		{"taken username", true, "", []string{"--username", "CHIEF", "--role", "clerk"}, "该用户名已被使用", "already taken", "(--username)"},
		{"missing name", true, "", []string{"--username", "ops", "--name", "", "--role", "clerk"}, "姓名须为", "The name must have", "(--name)"},
		{"unknown centre", true, "", []string{"--username", "ops", "--role", "clerk", "--centre", "110105000000"}, "请用 --centre 指定", "--centre-name for a new centre", "(--centre)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := dbPath(t)
			if c.admin {
				db = withAdmin(t)
			} else {
				// Any command but migrate seeds the calendar (an audited write) first.
				mustRun(t, 0, nil, "", "user", "list", "--db", db)
			}
			before := dbState(t, db)
			args := append(append(append([]string{}, base...), "--db", db), c.args...)
			r := mustRun(t, 1, nil, c.stdin, args...)
			contains(t, "stderr", r.stderr, "错误：", "error: ", c.wantZH, c.wantEN, c.flag)
			if after := dbState(t, db); !maps.Equal(before, after) {
				t.Errorf("a refused user add wrote to the database: before %v, after %v", before, after)
			}
		})
	}
}

// TestUserPasswd: a reset password, generated or from stdin, logs in and
// must be changed; the old one stops working; a weak one is refused.
func TestUserPasswd(t *testing.T) {
	db := withAdmin(t)
	clerkPW := "Lx9#qWe4rTy8uI"
	mustRun(t, 0, nil, clerkPW+"\n", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚", "--role", "clerk", "--password-stdin")

	r := mustRun(t, 0, nil, "", "user", "passwd", "--db", db, "--username", "clerk1")
	contains(t, "stdout", r.stdout, "password reset for clerk1")
	generated := oneTimePassword(t, r.stdout)
	if ok, _ := login(t, db, "clerk1", clerkPW); ok {
		t.Error("the old password still logs in after user passwd")
	}
	if ok, must := login(t, db, "clerk1", generated); !ok || !must {
		t.Errorf("login with the reset password: ok=%v mustChange=%v, want true true", ok, must)
	}

	chosen := "Mn3$bVc7xZa1sD"
	r = mustRun(t, 0, nil, chosen+"\n", "user", "passwd", "--db", db, "--username", "clerk1", "--password-stdin")
	if strings.Contains(r.out(), chosen) || strings.Contains(r.stdout, "one-time password") {
		t.Errorf("user passwd --password-stdin echoed a password:\n%s", r.out())
	}
	if ok, must := login(t, db, "clerk1", chosen); !ok || !must {
		t.Errorf("login with the password from stdin: ok=%v mustChange=%v, want true true", ok, must)
	}

	before := dbState(t, db)
	r = mustRun(t, 1, nil, "short\n", "user", "passwd", "--db", db, "--username", "clerk1", "--password-stdin")
	contains(t, "stderr", r.stderr, "密码至少需要", "The password needs at least", "(--password-stdin)")
	r = mustRun(t, 1, nil, "", "user", "passwd", "--db", db, "--username", "nobody")
	contains(t, "stderr", r.stderr, "没有用户名为 nobody 的账户", "No account named nobody", "(--username)")
	if after := dbState(t, db); !maps.Equal(before, after) {
		t.Errorf("a refused user passwd wrote: before %v, after %v", before, after)
	}
	if ok, _ := login(t, db, "clerk1", chosen); !ok {
		t.Error("a refused reset changed the password")
	}
}

// TestUserDisable: a disabled account cannot log in, its open sessions end,
// and user list says so.
func TestUserDisable(t *testing.T) {
	db := withAdmin(t)
	clerkPW := "Lx9#qWe4rTy8uI"
	mustRun(t, 0, nil, clerkPW+"\n", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚", "--role", "clerk", "--password-stdin")
	svc := openSvc(t, db)
	token, _, err := svc.Login(context.Background(), "clerk1", clerkPW, "127.0.0.1", "cli-test")
	if err != nil {
		t.Fatal(err)
	}
	svc.DB.Close()

	r := mustRun(t, 0, nil, "", "user", "disable", "--db", db, "--username", "clerk1")
	contains(t, "stdout", r.stdout, "disabled clerk1")
	if ok, _ := login(t, db, "clerk1", clerkPW); ok {
		t.Error("a disabled account logs in")
	}
	svc = openSvc(t, db)
	if _, _, err := svc.Authenticate(context.Background(), token); err == nil {
		t.Error("a disabled account's session still works")
	}
	svc.DB.Close()
	var clerkLine string
	for _, l := range strings.Split(mustRun(t, 0, nil, "", "user", "list", "--db", db).stdout, "\n") {
		if strings.Contains(l, "clerk1") {
			clerkLine = l
		}
	}
	if f := strings.Fields(clerkLine); len(f) != 5 || f[4] != "disabled" {
		t.Errorf("user list line of a disabled account: %q", clerkLine)
	}
	mustRun(t, 1, nil, "", "user", "disable", "--db", db, "--username", "nobody")
}

// TestUserListColumns: one header and one row per account with ID,
// username, name, role codes and status.
func TestUserListColumns(t *testing.T) {
	db := withAdmin(t)
	mustRun(t, 0, nil, "Lx9#qWe4rTy8uI\n", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚",
		"--role", "clerk,duty_chief", "--password-stdin")
	lines := strings.Split(strings.TrimRight(mustRun(t, 0, nil, "", "user", "list", "--db", db).stdout, "\n"), "\n")
	want := [][]string{
		{"ID", "USERNAME", "NAME", "ROLES", "STATUS"},
		{"1", "chief", "张主任", "secadmin", "active"},
		{"2", "clerk1", "林晓岚", "clerk,duty_chief", "active"},
	}
	if len(lines) != len(want) {
		t.Fatalf("user list has %d lines, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if got := strings.Fields(lines[i]); strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("line %d = %q, want fields %v", i, lines[i], w)
		}
	}
}

// TestGeneratedPasswordFollowsPolicy: a generated password is as long as the
// centre's policy demands, so user add and user passwd work under it.
func TestGeneratedPasswordFollowsPolicy(t *testing.T) {
	db := withAdmin(t)
	file := writeFile(t, "policy.yaml", "security:\n  password_min_length: 24\n")
	svc := openSvc(t, db)
	if err := svc.Prepare(context.Background(), file); err != nil {
		t.Fatal(err)
	}
	svc.DB.Close()
	r := mustRun(t, 0, nil, "", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚", "--role", "clerk")
	if pw := oneTimePassword(t, r.stdout); len(pw) < 24 {
		t.Errorf("generated password %q is shorter than the policy's 24", pw)
	} else if ok, _ := login(t, db, "clerk1", pw); !ok {
		t.Error("the generated password does not log in")
	}
	r = mustRun(t, 0, nil, "", "user", "passwd", "--db", db, "--username", "clerk1")
	if pw := oneTimePassword(t, r.stdout); len(pw) < 24 {
		t.Errorf("reset password %q is shorter than the policy's 24", pw)
	}
}
