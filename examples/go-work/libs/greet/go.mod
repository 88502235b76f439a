module example.com/shop/greet

go 1.26

require example.com/shop/textcase v0.0.0

replace example.com/shop/textcase => ../textcase
