/**
 * Files: safetensors read and write (validated before allocating, atomic), checkpoints of a whole training state,
 * the config-record codec behind checkpoint metadata and command-line options, and TensorBoard event files.
 */
package dev.dendrite.io;
