/**
 * The workloads behind {@code dendrite bench} and the side-by-side scripts, timed as a median after warm-up.
 */
package dev.dendrite.models.bench;
