require_relative "boot"

require "rails"
require "action_controller/railtie"

module Shop
  class Application < Rails::Application
    config.load_defaults 7.1
  end
end
