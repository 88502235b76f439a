module example.com/wsui

go 1.26
