# Loaded by the Gemfile, as huginn's lib/gemfile_helper.rb is: bundle install reads the Gemfile,
# so deps needs this file beside it.
module GemfileHelper
  WEBRICK = "~> 1.8"
end
