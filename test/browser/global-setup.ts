import type { TestProject } from 'vitest/node';
import { startStack } from './stack';

export default async function setup(project: TestProject) {
  const given = process.env.SITE_URL && process.env.API_URL;
  const stack = given ? undefined : await startStack();
  project.provide('siteUrl', process.env.SITE_URL && given ? process.env.SITE_URL : stack!.siteUrl);
  project.provide('apiUrl', process.env.API_URL && given ? process.env.API_URL : stack!.apiUrl);
  return async () => {
    await stack?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    apiUrl: string;
  }
}
