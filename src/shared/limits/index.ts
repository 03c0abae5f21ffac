export * from './result-caps';
