'use strict'

const { nextHighWater } = require('../../tides')

module.exports = async function (fastify) {
  fastify.get('/:harbour', async (request) => ({
    harbour: request.params.harbour,
    highWater: nextHighWater(request.params.harbour)
  }))
}
