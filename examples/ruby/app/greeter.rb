# frozen_string_literal: true

require "json"
require "rack"
require "msf/textcase"

# A small JSON service: GET /?name=x answers {"message":"hello, x","title":"Hello, X",...};
# GET /healthz answers ok. Any Rack server runs it (rackup picks one from the bundle).
class Greeter
  def call(env)
    request = Rack::Request.new(env)
    return answer(405, error: "method not allowed") unless request.get?

    case request.path_info
    when "/"
      name = request.params["name"].to_s.strip
      name = "world" if name.empty?
      message = "hello, #{name}"
      answer(200, message: message, title: Msf::Textcase.title(message), ruby: RUBY_VERSION, uid: Process.uid)
    when "/healthz"
      answer(200, status: "ok")
    else
      answer(404, error: "not found")
    end
  end

  private

  def answer(status, body)
    [status, { "content-type" => "application/json" }, [JSON.generate(body), "\n"]]
  end
end
