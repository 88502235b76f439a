package node

import (
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// endOfLife is the day each Node.js release line stops getting fixes, security ones included,
// as the Node.js release schedule (github.com/nodejs/Release, schedule.json) gives it. An even
// major is an LTS line for 30 months after it becomes LTS; an odd one lives 8 months. A line
// missing here (a newer one) is taken as supported.
var endOfLife = map[int]string{
	8: "2019-12-31", 9: "2018-06-30", 10: "2021-04-30", 11: "2019-06-01", 12: "2022-04-30", 13: "2020-06-01",
	14: "2023-04-30", 15: "2021-06-01", 16: "2023-09-11", 17: "2022-06-01", 18: "2025-04-30", 19: "2023-06-01", 20: "2026-04-30", 21: "2024-06-01",
	22: "2027-04-30", 23: "2025-06-01", 24: "2028-04-30", 25: "2026-06-01", 26: "2029-04-30",
}

// endOfLifeNote warns when the version a project or spec pins has reached its end of life (the
// default never has: it is the Active LTS line). Lines older than the table ended before it starts.
func endOfLifeNote(v nodeVersion) []plan.Note {
	major, err := strconv.Atoi(v.major)
	if err != nil || v.from == "default" {
		return nil
	}
	date, known := endOfLife[major]
	switch {
	case known:
		if !lang.Ended(date) {
			return nil
		}
	case major >= 8:
		return nil
	default:
		date = "before 2019"
	}
	field := ""
	if v.from == "version" {
		field = "version"
	}
	return append([]plan.Note(nil), rules.NodeVersionEndOfLife.Note(field, rules.NodeVersionEndOfLife.Format(major, date, v.source(), defaultMajor)))
}
