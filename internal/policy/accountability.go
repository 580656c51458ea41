package policy

import "slices"

// Accountability holds the sanction ladders (DOMAIN.md FI-4, ON-4, AC-2).
// Sanctions are codes from SanctionCodes, so reports can name them in either
// language.
type Accountability struct {
	NotificationLadder         []EscalationStep `yaml:"notification_ladder" rule:"ON-4" src:"004 §一次性告知 6" zh:"一次性告知不全致群众多跑路（经查实）第 1、2、3 次的处理" en:"sanctions for the 1st, 2nd, 3rd confirmed return trip caused by incomplete notification"`
	FirstInquiryLadder         []SeverityStep   `yaml:"first_inquiry_ladder" rule:"FI-4" src:"002 §(二)7" zh:"首问责任落实不到位的处理（按情节）" en:"sanctions for first-inquiry failures, by severity"`
	SanctionLadder             []SeverityStep   `yaml:"sanction_ladder" rule:"AC-2" src:"000 篇十九 第十三条; 004 §责任追究" zh:"违规处理阶梯（按情节）" en:"sanction ladder for violations, by severity"`
	LeadersShareResponsibility bool             `yaml:"leaders_share_responsibility" rule:"AC-2" src:"000 篇十九 第十三条 4" zh:"实行领导连带责任" en:"leaders share responsibility for their staff"`
}

// EscalationStep is what the nth occurrence brings.
type EscalationStep struct {
	Sanctions []string `yaml:"sanctions" enum:"@sanctions" zh:"处理方式" en:"sanctions"`
}

// SeverityStep is what a violation of one severity brings.
type SeverityStep struct {
	Severity  string   `yaml:"severity" enum:"light|heavier|serious" zh:"情节：light 轻微，heavier 较重，serious 严重" en:"severity: light, heavier or serious"`
	Sanctions []string `yaml:"sanctions" enum:"@sanctions" zh:"处理方式" en:"sanctions"`
}

// sanctionNames are the sanctions the seeds name.
var sanctionNames = map[string][2]string{
	"verbal_warning":         {"口头警告", "verbal warning"},
	"talk_warning":           {"谈话告诫", "talk warning"},
	"admonishment_talk":      {"诫勉谈话", "admonishment talk"},
	"efficiency_warning":     {"效能告诫书", "written efficiency warning"},
	"circulated_criticism":   {"通报批评", "circulated criticism"},
	"criticism":              {"批评教育", "criticism"},
	"on_the_spot_correction": {"当场纠正", "on-the-spot correction"},
	"exposure":               {"曝光", "public exposure"},
	"self_criticism":         {"作检查", "self-criticism"},
	"removal_from_window":    {"调离窗口", "removal from the window"},
	"appraisal_incompetent":  {"年度考核不称职", "annual appraisal: incompetent"},
	"discipline":             {"纪律处分", "disciplinary sanction"},
}

// sanctionCodes lists the codes in a stable order for messages.
var sanctionCodes = []string{
	"verbal_warning", "talk_warning", "admonishment_talk", "efficiency_warning", "circulated_criticism",
	"criticism", "on_the_spot_correction", "exposure", "self_criticism", "removal_from_window",
	"appraisal_incompetent", "discipline",
}

// SanctionName returns a sanction's name in "zh" or "en"; unknown codes come back unchanged.
func SanctionName(code, lang string) string {
	n, ok := sanctionNames[code]
	if !ok {
		return code
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

func defaultAccountability() Accountability {
	return Accountability{
		NotificationLadder: []EscalationStep{
			{Sanctions: []string{"verbal_warning"}},
			{Sanctions: []string{"admonishment_talk"}},
			{Sanctions: []string{"efficiency_warning", "circulated_criticism"}},
		},
		FirstInquiryLadder: []SeverityStep{
			{Severity: "light", Sanctions: []string{"talk_warning"}},
			{Severity: "heavier", Sanctions: []string{"criticism"}},
			{Severity: "serious", Sanctions: []string{"appraisal_incompetent", "discipline"}},
		},
		SanctionLadder: []SeverityStep{
			{Severity: "light", Sanctions: []string{"criticism", "on_the_spot_correction"}},
			{Severity: "heavier", Sanctions: []string{"exposure", "self_criticism"}},
			{Severity: "serious", Sanctions: []string{"removal_from_window"}},
		},
		LeadersShareResponsibility: true,
	}
}

var severityOrder = []string{"light", "heavier", "serious"}

func (a *Accountability) check(c *checker) {
	if len(a.NotificationLadder) == 0 {
		c.add("accountability.notification_ladder", "至少需要一级（ON-4）", "needs at least one step (ON-4)")
	}
	for i, s := range a.NotificationLadder {
		checkSanctions(c, indexPath("accountability.notification_ladder", i), s.Sanctions)
	}
	checkSeverities(c, "accountability.first_inquiry_ladder", a.FirstInquiryLadder)
	checkSeverities(c, "accountability.sanction_ladder", a.SanctionLadder)
}

// checkSeverities: each severity once, from light to serious.
func checkSeverities(c *checker, path string, steps []SeverityStep) {
	if len(steps) == 0 {
		c.add(path, "至少需要一级", "needs at least one step")
	}
	prev := -1
	for i, s := range steps {
		p := indexPath(path, i)
		if k := slices.Index(severityOrder, s.Severity); k >= 0 {
			if k <= prev {
				c.add(p+".severity", "情节必须按 light、heavier、serious 顺序且不重复", "severities must run light, heavier, serious without repeats")
			}
			prev = k
		}
		checkSanctions(c, p, s.Sanctions)
	}
}

func checkSanctions(c *checker, path string, sanctions []string) {
	if len(sanctions) == 0 {
		c.add(path+".sanctions", "至少需要一种处理方式", "needs at least one sanction")
	}
	for j, s := range sanctions {
		if slices.Contains(sanctions[:j], s) {
			c.add(indexPath(path+".sanctions", j), "处理方式重复："+s, "duplicate sanction: "+s)
		}
	}
}
