/** Public surface of the classify stage. */
export { createClassifier, type Classification, type ClassifiedTopic, type Classifier, type ClassifierOptions, type ClassifyInput, type TopicScore } from './classifier.js';
export { loadTaxonomy, parseTaxonomy, DEFAULT_TAXONOMY_SETTINGS, type Taxonomy, type TopicDefinition, type TopicRule, type TaxonomySettings } from './taxonomy.js';
export { trainLinearModel, DEFAULT_TRAIN_OPTIONS, type LinearModel, type LinearTopicModel, type TrainingExample, type TrainOptions } from './linear-model.js';
export { saveLinearModel, loadLinearModel } from './model-file.js';
export { ClassifyError, CLASSIFY_ERROR_CODES, type ClassifyErrorCode } from './errors.js';
export type { ExtractedEntities, EntityPlace } from './entities/extract-entities.js';
