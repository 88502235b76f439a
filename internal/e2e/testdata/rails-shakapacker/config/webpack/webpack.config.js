// The app's webpack config: Shakapacker's, from config/shakapacker.yml for RAILS_ENV
const { generateWebpackConfig } = require('shakapacker')

module.exports = generateWebpackConfig()
