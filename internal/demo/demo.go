// Package demo loads a complete, invented street centre for trying bianmin
// out (`bianmin serve --demo`): 柳塘街道便民服务中心 (region code
// 440305010000), shaped on the street centre of seed 002, with the
// departments of seeds 001 and 002 (each with a synthetic, well-formed
// unified social credit code, R7.2, and its chief representative, ORG-4),
// the five windows of 002 §(四)5 each with an A post and a B post (DOMAIN.md
// ORG-2), a catalogue of over forty published service items written as the
// centre's 办事指南 (CAT-1, see Catalogue), six ticket queues A-F called by
// those windows, a kiosk, a hall display and an evaluation pad per
// window (LoadWithDevices), and one account per role.
//
// Every account gets a fresh random one-time password, printed once at the
// first load and to be changed at first login. The usernames are stable:
//
//	director     中心主任 (director)
//	dutyleader   值班领导 (duty_leader)
//	dutychief    大厅值班长 (duty_chief)
//	office       业务科 (office)
//	inspector    效能监察 (inspector)
//	sysadmin     系统管理员 (sysadmin)
//	secadmin     安全管理员 (secadmin)
//	auditadmin   审计管理员 (auditadmin)
//	guide        导办员 at the guide desk (guide)
//	clerk1a/1b   1号窗口 民政救助 A岗/B岗 (clerk; 综合窗口 also for 残联, 党群, 信访)
//	clerk2a/2b   2号窗口 劳动保障 A岗/B岗 (clerk)
//	clerk3a/3b   3号窗口 医疗保险 A岗/B岗 (clerk)
//	clerk4a/4b   4号窗口 人口计生 A岗/B岗 (clerk)
//	clerk5a/5b   5号窗口 土规农综 A岗/B岗 (clerk; 综合窗口 also for 财政, 水利)
//	chiefmz      首席代表 民政办 (chief_rep)
//	chiefcl      首席代表 残疾人联合会 (chief_rep)
//	chiefsb      首席代表 劳动保障所 (chief_rep)
//	chiefyb      首席代表 医疗保障所 (chief_rep)
//	chiefjs      首席代表 卫生健康办（人口计生） (chief_rep)
//	chiefgt      首席代表 国土规划建设所 (chief_rep)
//	chiefny      首席代表 农业综合服务中心 (chief_rep)
//	chiefcz      首席代表 财政所 (chief_rep)
//	chiefdq      首席代表 党群服务中心 (chief_rep)
//	chiefxf      首席代表 信访办 (chief_rep)
//	chiefsl      首席代表 水利站 (chief_rep)
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// Account is a demo login with its one-time password.
type Account struct {
	Username string
	Password string
	Role     string // bianmin.Role code, e.g. "clerk"
}

// ErrIncomplete: an earlier load stopped half-way; the demo needs a fresh database.
var ErrIncomplete = bianmin.Errorf(bianmin.ECONFLICT,
	"演示中心已存在但数据不完整（上次加载中断），请使用新的数据库重新加载。",
	"The demo centre exists but is incomplete (an earlier load stopped); load it into a new database.")

// Load creates the demo centre and returns its accounts with their one-time
// passwords. If a centre with the demo region code exists already it
// changes nothing and returns nil, nil. Centre, departments, accounts and
// chief representatives go through the service (one transaction each,
// audited); the items, windows, posts and queues are written in one further
// transaction, whose windows tell a complete load from an interrupted one.
func Load(ctx context.Context, svc *service.Service) ([]Account, error) {
	accounts, _, err := LoadWithDevices(ctx, svc)
	return accounts, err
}

// LoadWithDevices is Load that also registers the hall's devices (a kiosk,
// a display and a pad per window) and returns their one-time pairing codes
// for PrintPairings. A pairing code lost here is renewed on /admin/queues.
func LoadWithDevices(ctx context.Context, svc *service.Service) ([]Account, []Pairing, error) {
	actor := bianmin.SystemActor("demo")
	centres, err := svc.AllCentres(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range centres {
		if c.RegionCode == RegionCode {
			return nil, nil, checkComplete(ctx, svc, c.ID)
		}
	}
	if err := checkUsernamesFree(ctx, svc); err != nil {
		return nil, nil, err
	}
	accounts, centreID, err := load(ctx, svc, actor)
	if err != nil {
		return nil, nil, err
	}
	pairings, err := createDevices(ctx, svc, actor, centreID)
	if err != nil {
		return nil, nil, fmt.Errorf("devices: %w", err)
	}
	return accounts, pairings, nil
}

// load writes the centre, its departments, accounts, chief
// representatives, and in one transaction the items, windows and queues.
func load(ctx context.Context, svc *service.Service, actor *bianmin.Actor) ([]Account, int64, error) {
	c, err := svc.CreateCentre(ctx, actor, bianmin.Centre{RegionCode: RegionCode, Name: CentreName, NameEN: CentreEN, Level: 5})
	if err != nil {
		return nil, 0, fmt.Errorf("centre: %w", err)
	}
	deptIDs := map[string]int64{}
	for _, d := range departments {
		dep := d.record(c.ID, 0, 0)
		if err := svc.SaveDepartment(ctx, actor, dep); err != nil {
			return nil, 0, fmt.Errorf("department %s: %w", d.name, err)
		}
		deptIDs[d.key] = dep.ID
	}
	userIDs := map[string]int64{}
	var accounts []Account
	for _, p := range people {
		pw, err := Password(p.username, p.staffNo)
		if err != nil {
			return nil, 0, err
		}
		u, err := svc.CreateUser(ctx, actor, service.NewUser{CentreID: c.ID, DepartmentID: deptIDs[p.dept],
			Username: p.username, DisplayName: p.name, StaffNo: p.staffNo, Password: pw,
			Grants: []bianmin.Grant{grantOf(p, c.ID, deptIDs)}})
		if err != nil {
			return nil, 0, fmt.Errorf("account %s: %w", p.username, err)
		}
		userIDs[p.username] = u.ID
		accounts = append(accounts, Account{Username: u.Username, Password: pw, Role: string(p.role)})
	}
	if err := nameChiefReps(ctx, svc, actor, c.ID, deptIDs, userIDs); err != nil {
		return nil, 0, err
	}
	err = svc.DB.Write(ctx, func(tx *store.Tx) error {
		return createWindows(ctx, tx, actor, c.ID, deptIDs, userIDs)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("windows and items: %w", err)
	}
	return accounts, c.ID, nil
}

// checkComplete reports ErrIncomplete when the demo centre lacks its windows.
func checkComplete(ctx context.Context, svc *service.Service, centreID int64) error {
	var n int
	err := svc.DB.Read(ctx, func(tx *store.Tx) error {
		ws, err := store.Windows(ctx, tx, centreID)
		n = len(ws)
		return err
	})
	if err == nil && n < len(windows) {
		return ErrIncomplete
	}
	return err
}

// checkUsernamesFree refuses to start when a demo username is taken, so
// that a clash does not leave a half-loaded centre behind.
func checkUsernamesFree(ctx context.Context, svc *service.Service) error {
	return svc.DB.Read(ctx, func(tx *store.Tx) error {
		for _, p := range people {
			_, err := store.UserByUsername(ctx, tx, p.username)
			if err == nil {
				return bianmin.Errorf(bianmin.ECONFLICT, "演示账户用户名 "+p.username+" 已被占用，请使用新的数据库加载演示数据。",
					"The demo username "+p.username+" is taken; load the demo into a new database.")
			}
			if !errors.Is(err, bianmin.ErrNotFound) {
				return err
			}
		}
		return nil
	})
}

// grantOf gives a person the role of the demo: chief representatives for
// their department (ORG-4), clerks of a specialised window for its one
// department, everyone else for the whole centre.
func grantOf(p person, centreID int64, deptIDs map[string]int64) bianmin.Grant {
	g := bianmin.Grant{Role: p.role, CentreID: centreID}
	switch p.role {
	case bianmin.RoleChiefRep:
		g.DepartmentID = deptIDs[p.dept]
	case bianmin.RoleClerk:
		for _, w := range windows {
			if (w.a == p.username || w.b == p.username) && len(w.depts) == 1 {
				g.DepartmentID = deptIDs[w.depts[0]]
			}
		}
	}
	return g
}

// record is the department as the service saves it.
func (d department) record(centreID, id, chiefRep int64) *bianmin.Department {
	return &bianmin.Department{ID: id, CentreID: centreID, Name: d.name, NameEN: d.nameEN,
		CreditCode: d.creditCode, ChiefRepUserID: chiefRep}
}

// nameChiefReps makes each chief_rep account its department's chief
// representative (ORG-4), audited by the service.
func nameChiefReps(ctx context.Context, svc *service.Service, actor *bianmin.Actor, centreID int64, deptIDs, userIDs map[string]int64) error {
	for _, p := range people {
		if p.role != bianmin.RoleChiefRep {
			continue
		}
		d := departmentByKey(p.dept)
		if err := svc.SaveDepartment(ctx, actor, d.record(centreID, deptIDs[d.key], userIDs[p.username])); err != nil {
			return fmt.Errorf("chief representative of %s: %w", d.name, err)
		}
	}
	return nil
}

// createWindows creates the service items, then the five windows with the
// items of their departments, names their A and B posts, and sets up the
// queues the windows call.
func createWindows(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, centreID int64, deptIDs, userIDs map[string]int64) error {
	byName := map[string]int64{}
	for _, d := range departments {
		byName[d.name] = deptIDs[d.key]
	}
	byDept := map[int64][]int64{}
	for _, it := range Catalogue(centreID, byName) {
		if err := createItem(ctx, tx, actor, it); err != nil {
			return fmt.Errorf("item %s: %w", it.Name, err)
		}
		byDept[it.DepartmentID] = append(byDept[it.DepartmentID], it.ID)
	}
	windowIDs := map[string]int64{}
	for _, w := range windows {
		win := &bianmin.Window{CentreID: centreID, Number: w.number, Name: w.name, NameEN: w.nameEN,
			Zone: hallZone, Kind: w.kind}
		for _, d := range w.depts {
			win.DepartmentIDs = append(win.DepartmentIDs, deptIDs[d])
			win.ItemIDs = append(win.ItemIDs, byDept[deptIDs[d]]...)
		}
		if err := store.CreateWindow(ctx, tx, win, actor); err != nil {
			return fmt.Errorf("window %s: %w", w.name, err)
		}
		if err := store.SetWindowPosts(ctx, tx, win.ID, userIDs[w.a], userIDs[w.b], actor); err != nil {
			return fmt.Errorf("posts of window %s: %w", w.name, err)
		}
		windowIDs[w.number] = win.ID
	}
	return createQueues(ctx, tx, actor, centreID, deptIDs, windowIDs)
}

// createItem writes a published version 1 of an item and audits it as the
// catalogue service does (CAT-1). It stores the search key the public guide
// searches by name and pinyin initials, which store.CreateServiceItem
// leaves empty.
func createItem(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, it *bianmin.ServiceItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	it.CreatedAt = tx.Now
	if err := store.CreateItemVersion(ctx, tx, it, service.SearchKey(it.Name, it.NameEN)); err != nil {
		return err
	}
	return store.Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.create",
		ObjectType: "service_item", ObjectID: strconv.FormatInt(it.ID, 10), After: bianmin.JSONOf(it), RuleID: "CAT-1"})
}

// Password alphabets: no 0/O, 1/l/I, so that a printed password reads back unambiguously.
const (
	lowers  = "abcdefghijkmnpqrstuvwxyz"
	uppers  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	numbers = "23456789"
	symbols = "!#%+-=?@_"
)

// PasswordLength is the length of a demo one-time password.
const PasswordLength = 16

// Password returns a random one-time password of PasswordLength characters
// from crypto/rand with upper- and lower-case letters, digits and a symbol,
// that passes the password rules (SECURITY.md item 2): not common and not
// containing the personal strings given (username, staff number). Candidates
// are drawn uniformly and redrawn until they pass.
func Password(personal ...string) (string, error) {
	all := lowers + uppers + numbers + symbols
	rules := auth.Rules{MinLength: 12, MinClasses: 4}
	for {
		b := make([]byte, PasswordLength)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(all))))
			if err != nil {
				return "", fmt.Errorf("demo password: %w", err)
			}
			b[i] = all[n.Int64()]
		}
		pw := string(b)
		if auth.CheckPasswordRules(pw, rules, personal...) == nil {
			return pw, nil
		}
	}
}
