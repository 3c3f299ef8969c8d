/**
 * Data: datasets and the seeded, prefetching {@link dev.dendrite.data.DataLoader}, readers for IDX, CSV, text and
 * the tagged Brown corpus, splits, standardisation, vocabularies and word hashing.
 */
package dev.dendrite.data;
