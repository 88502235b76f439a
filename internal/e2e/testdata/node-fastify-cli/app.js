'use strict'

const path = require('node:path')
const AutoLoad = require('@fastify/autoload')

// A Fastify plugin, as fastify-cli's template writes it: fastify start loads it and listens.
module.exports = async function (fastify, opts) {
  fastify.register(AutoLoad, {
    dir: path.join(__dirname, 'routes'),
    options: Object.assign({}, opts)
  })
}
