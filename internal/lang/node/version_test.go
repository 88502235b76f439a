package node

import "testing"

func TestMajorOfRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{">=18", 20, true},
		{">=18.0.0", 20, true},
		{"^20.1", 20, true},
		{"^20.11.0", 20, true},
		{"20", 20, true},
		{"20.x", 20, true},
		{"v20.11.1", 20, true},
		{"*", 20, true},
		{"", 20, true},
		{">=22", 22, true},
		{">= 22.3", 22, true},
		{">21", 22, true},
		{"^18", 18, true},
		{"18.x", 18, true},
		{"~18.17", 18, true},
		{"<20", 18, true},
		{"<=19", 18, true},
		{">=14 <17", 16, true},
		{"16 - 18", 18, true},
		{"18 || 22", 22, true},
		{"^16 || >=22", 22, true},
		{"^18 || ^20 || ^22", 20, true},
		{">=20.0.0-rc.1", 20, true},
		{"^21", 21, true},
		{">=20.1 <20.2", 20, true},
		{">20", 22, true},
		{"lts", 0, false},
		{"node", 0, false},
		{">=", 0, false},
		{"^20 && ^22", 0, false},
	} {
		got, ok := majorOfRange(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("majorOfRange(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMajorOfVersionFile(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"20\n", 20, true},
		{"v22.11.0\n", 22, true},
		{"# pinned for CI\n18.20.4\n", 18, true},
		{"lts/iron", 20, true},
		{"lts/Jod\n", 22, true},
		{"lts/*", 20, true},
		{"lts/unknown", 0, false},
		{"node", 0, false},
		{"system", 0, false},
		{"", 20, true}, // an empty file says nothing: the default
	} {
		got, ok := majorOfVersionFile(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("majorOfVersionFile(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
