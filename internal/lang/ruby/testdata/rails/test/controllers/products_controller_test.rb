require "test_helper"

class ProductsControllerTest < ActionDispatch::IntegrationTest
  test "lists the products" do
    get root_url
    assert_response :success
  end
end
