# frozen_string_literal: true

require_relative "app/greeter"

run Greeter.new
