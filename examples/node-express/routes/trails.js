const express = require('express');
const createError = require('http-errors');
const { trails, findTrail } = require('./data');

const router = express.Router();

router.get('/', function (req, res) {
  res.json(trails);
});

router.get('/:id', function (req, res, next) {
  const trail = findTrail(req.params.id);
  if (!trail) return next(createError(404, 'no trail ' + req.params.id));
  res.json(trail);
});

module.exports = router;
