// The owner's screens for other systems: API keys and webhooks (one entry point for the dashboard).
import { apiKeysSection } from './api-keys-view.js';
import { webhooksSection } from './webhooks-view.js';

export async function integrationSections(): Promise<HTMLElement[]> {
  return [await apiKeysSection(), await webhooksSection()];
}
