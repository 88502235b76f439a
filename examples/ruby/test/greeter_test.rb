# frozen_string_literal: true

require "minitest/autorun"
require "rack/mock"
require_relative "../app/greeter"

class GreeterTest < Minitest::Test
  def setup
    @app = Rack::MockRequest.new(Greeter.new)
  end

  def test_greets_by_name
    body = JSON.parse(@app.get("/?name=ada+lovelace").body)
    assert_equal "hello, ada lovelace", body["message"]
    assert_equal "Hello, Ada Lovelace", body["title"]
  end

  def test_greets_the_world_without_a_name
    assert_equal "hello, world", JSON.parse(@app.get("/").body)["message"]
  end

  def test_answers_health_checks
    response = @app.get("/healthz")
    assert_equal 200, response.status
    assert_equal({ "status" => "ok" }, JSON.parse(response.body))
  end

  def test_refuses_other_paths_and_methods
    assert_equal 404, @app.get("/nope").status
    assert_equal 405, @app.post("/").status
  end
end
