'use strict'

module.exports = async function (fastify) {
  fastify.get('/', async () => ({ harbours: ['Saltcombe', 'Lowmoor'] }))
}
