class ProductsController < ApplicationController
  def index
    render json: { products: [] }
  end
end
