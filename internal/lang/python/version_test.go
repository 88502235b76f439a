package python

import "testing"

func TestRequiresPythonPicksTheDefaultElseTheNewest(t *testing.T) {
	for spec, want := range map[string]string{
		"":                    "3.11",
		">=3.8":               "3.11",
		">=3.9,<3.13":         "3.11",
		">=3.12":              "3.14",
		">=3.12, <3.14":       "3.13",
		"~=3.10":              "3.11",
		"~=3.12.1":            "3.12",
		"==3.10.*":            "3.10",
		"!=3.11.*, >=3.10":    "3.14",
		">3.11":               "3.11", // 3.11.1 > 3.11
		"<3.11":               "3.10",
		"<=3.11.4":            "3.11",
		"^3.12":               "3.14", // Poetry
		"~3.12":               "3.12", // Poetry
		"3.10":                "3.10", // Poetry's bare version
		"3.10.*":              "3.10",
		"*":                   "3.11",
		"^3.9 || ^3.13":       "3.11",
		">=3.13,<3.14 || 3.9": "3.13",
		"==3.12.4":            "3.12",
	} {
		got, err := versionFor(spec, 0)
		if err != nil || got != want {
			t.Errorf("requires-python %q: %q (%v), want %q", spec, got, err, want)
		}
	}
}

func TestRequiresPythonErrors(t *testing.T) {
	for _, spec := range []string{"<3", ">=4", "python>=3", ">=3.x"} {
		if v, err := versionFor(spec, 0); err == nil {
			t.Errorf("requires-python %q gave %q, want an error", spec, v)
		}
	}
}

func TestPythonVersionFile(t *testing.T) {
	for text, want := range map[string]string{
		"3.12\n":                "3.12",
		"3.11.7\n":              "3.11",
		"# pinned\n\n3.13.1\n":  "3.13",
		"cpython-3.12.4\n":      "3.12",
		"system\n":              "",
		"pypy3.10-7.3.12\n3.11": "",
		"":                      "",
	} {
		if got := pythonVersionFile(text); got != want {
			t.Errorf(".python-version %q: %q, want %q", text, got, want)
		}
	}
}
