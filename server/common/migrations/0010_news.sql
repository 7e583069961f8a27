-- News and sentiment (docs/news.md): RSS/Atom feeds an admin configures, the items the compute
-- nodes fetch from them (deduplicated per feed), each scored by the product's lexicon and tagged
-- with the assets it names. fetched_at is when the product knew an item: the time series and
-- backtests use it (a feed may date an item earlier than it appeared).
CREATE TABLE news_feeds (
    id bigserial PRIMARY KEY,
    url text NOT NULL UNIQUE,
    name text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_fetched_at timestamptz,
    last_error text NOT NULL DEFAULT ''
);

CREATE TABLE news_items (
    id bigserial PRIMARY KEY,
    feed_id bigint NOT NULL REFERENCES news_feeds (id) ON DELETE CASCADE,
    guid text NOT NULL,                -- the feed's id of the item (guid, id, or its link)
    title text NOT NULL,
    link text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    published_at timestamptz,          -- as the feed says
    fetched_at timestamptz NOT NULL,   -- when this product first saw it
    sentiment double precision NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
    assets text[] NOT NULL DEFAULT '{}',
    UNIQUE (feed_id, guid)
);

CREATE INDEX news_items_fetched ON news_items (fetched_at);
CREATE INDEX news_items_assets ON news_items USING gin (assets);
