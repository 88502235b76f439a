package php

// endOfLife is the day each PHP line stops getting security fixes, as php.net's supported
// versions and unsupported branches (php.net/supported-versions.php, php.net/eol.php) give it.
// A line missing here (a newer one) is taken as supported (lang.EndOfLifeNote).
var endOfLife = map[string]string{
	"5.2": "2011-01-06", "5.3": "2014-08-14", "5.4": "2015-09-03", "5.5": "2016-07-21", "5.6": "2018-12-31",
	"7.0": "2019-01-10", "7.1": "2019-12-01", "7.2": "2020-11-30", "7.3": "2021-12-06", "7.4": "2022-11-28",
	"8.0": "2023-11-26", "8.1": "2025-12-31", "8.2": "2026-12-31", "8.3": "2027-12-31", "8.4": "2028-12-31",
	"8.5": "2029-12-31",
}
