package service_test

import (
	"slices"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

func TestSearchKey(t *testing.T) {
	tests := []struct{ name, en, want string }{
		{"社会保险登记", "Social Insurance Registration", "社会保险登记|social insurance registration|shbxdj|shehuibaoxiandengji"},
		{"B超检查", "", "b超检查||bcjc|bchaojiancha"},
		{"妇女|儿童", "A|B", "妇女 儿童|a b|fnet|funvertong"},
	}
	for _, tt := range tests {
		if got := service.SearchKey(tt.name, tt.en); got != tt.want {
			t.Errorf("SearchKey(%q, %q) = %q, want %q", tt.name, tt.en, got, tt.want)
		}
	}
}

// TestPublishedItemsSearch: the public guide finds published items of its
// own centre by name substring, English name, pinyin initials or full
// pinyin in any case, by department (lead or co-approving) and by life
// event; LIKE wildcards in the text match only themselves.
func TestPublishedItemsSearch(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		publish := func(it *bianmin.ServiceItem) { e.mustPublish(e.mustCreate(it).ID) }
		publish(e.item("S-1", "社会保险登记", "Social insurance registration"))
		publish(e.item("S-2", "城乡居民养老保险参保登记", "Pension enrolment"))
		birth := e.item("S-3", "生育登记", "Birth registration")
		birth.DepartmentID, birth.LifeEvents = e.deptA2, []string{"生育", "婚育_100%"}
		publish(birth)
		joint := e.item("S-4", "就业困难人员认定", "")
		joint.CaseKind, joint.CoDepartmentIDs = bianmin.CaseJoint, []int64{e.deptA2}
		publish(joint)
		e.mustCreate(e.item("S-5", "残疾人证办理", "Disability card"))
		other := e.item("S-1", "社会保险登记", "")
		other.CentreID, other.DepartmentID = e.townB, e.deptB
		if err := e.svc.CreateItem(e.ctx, e.officeB, other); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.PublishItem(e.ctx, e.officeB, other.ID); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			q    service.ItemQuery
			want []string
		}{
			{service.ItemQuery{Text: "shbx"}, []string{"社会保险登记"}},
			{service.ItemQuery{Text: "SHBXDJ"}, []string{"社会保险登记"}},
			{service.ItemQuery{Text: "ShengYu"}, []string{"生育登记"}},
			{service.ItemQuery{Text: "保险"}, []string{"社会保险登记", "城乡居民养老保险参保登记"}},
			{service.ItemQuery{Text: "PENSION"}, []string{"城乡居民养老保险参保登记"}},
			{service.ItemQuery{Text: "cjr"}, nil}, // a draft
			{service.ItemQuery{Text: "%"}, nil},
			{service.ItemQuery{Text: "_"}, nil},
			{service.ItemQuery{DepartmentID: e.deptA2}, []string{"生育登记", "就业困难人员认定"}},
			{service.ItemQuery{Text: "dj", DepartmentID: e.deptA1}, []string{"社会保险登记", "城乡居民养老保险参保登记"}},
			{service.ItemQuery{LifeEvent: "生育"}, []string{"生育登记"}},
			{service.ItemQuery{LifeEvent: "婚育_100%"}, []string{"生育登记"}},
			{service.ItemQuery{LifeEvent: "婚育"}, nil},
			{service.ItemQuery{DepartmentID: e.deptB}, nil},
		}
		for _, tt := range tests {
			got := e.publicNames(tt.q)
			slices.Sort(got)
			slices.Sort(tt.want)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%+v: got %v, want %v", tt.q, got, tt.want)
			}
		}
		if got, _ := e.svc.PublishedItems(e.ctx, e.townB, service.ItemQuery{Text: "shbx"}); len(got) != 1 || got[0].CentreID != e.townB {
			t.Errorf("township B's guide: %v", got)
		}
		if _, err := e.svc.PublishedItem(e.ctx, e.townA, other.ID); bianmin.ErrorCode(err) != bianmin.ENOTFOUND {
			t.Errorf("township B's item through A's guide: %v", err)
		}
		drafts, err := e.svc.ListItems(e.ctx, e.clerk, e.townA, service.ItemQuery{Status: bianmin.ItemDraft})
		if err != nil || len(drafts) != 1 || drafts[0].Name != "残疾人证办理" {
			t.Errorf("staff list of drafts: %v, %v", drafts, err)
		}
	})
}
