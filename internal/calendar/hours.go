package calendar

// Minute is a time of day in minutes after midnight (Asia/Shanghai): 8:00 is 480.
type Minute int

// Span is one service session of a day, e.g. 8:00-12:00.
type Span struct {
	Start, End Minute
}

// Season is a period of the year with its own sessions, e.g. summer hours
// (DOMAIN.md ORG-5). From and To are "MM-DD", inclusive; To may be before
// From for a season that wraps the new year.
type Season struct {
	Name     string
	From, To string
	Sessions []Span
}

// Hours are a hall's service hours: the default sessions of a working day and
// the seasons that replace them.
type Hours struct {
	Sessions []Span
	Seasons  []Season
}
