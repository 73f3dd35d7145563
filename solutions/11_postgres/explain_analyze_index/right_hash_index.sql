-- right: a hash index on lower(email) also serves equality (and only equality)
create index on customers using hash (lower(email));
