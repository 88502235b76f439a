module example.com/hello

go 1.26

require github.com/google/uuid v1.5.0
