/**
 * Memory the other layers share below the kernels: zeroed float arrays that idle worker threads prepare so that
 * the thread which needs one does not spend its own time zeroing it. Not exported from the module.
 */
package dev.dendrite.memory;
