select count() from blocks
