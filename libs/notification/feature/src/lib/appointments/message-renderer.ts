import { renderMessage, type Language, type RenderedMessage, type TemplateName } from '@massage/notification-templates';

/** Renders a message from its template (the port the worker renders through; tests may provide their own). */
export interface MessageRenderer {
  render(template: TemplateName, language: Language, data: Record<string, unknown>): RenderedMessage;
}

export const MESSAGE_RENDERER = Symbol('MESSAGE_RENDERER');

/** The templates in files of `@massage/notification-templates`. */
export const templateRenderer: MessageRenderer = { render: renderMessage };
