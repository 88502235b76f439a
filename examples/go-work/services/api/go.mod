module example.com/shop/api

go 1.26

require (
	example.com/shop/greet v0.0.0
	github.com/google/uuid v1.6.0
)

require example.com/shop/textcase v0.0.0 // indirect

replace (
	example.com/shop/greet => ../../libs/greet
	example.com/shop/textcase => ../../libs/textcase
)
