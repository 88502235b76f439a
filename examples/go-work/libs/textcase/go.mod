module example.com/shop/textcase

go 1.26
