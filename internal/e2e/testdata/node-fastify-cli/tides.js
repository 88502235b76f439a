'use strict'

const highWaters = { saltcombe: '06:12', lowmoor: '06:47' }

function nextHighWater (harbour) {
  return highWaters[harbour.toLowerCase()] ?? 'unknown'
}

module.exports = { nextHighWater }
