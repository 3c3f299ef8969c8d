/**
 * What a model kind is: a name, a config record with defaults, what it fits on its data, a build of model and task,
 * and a rebuild from checkpoint metadata ({@link dev.dendrite.models.registry.ModelKind}).
 */
package dev.dendrite.models.registry;
