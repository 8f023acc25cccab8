module example.com/gomacrorules

go 1.26
