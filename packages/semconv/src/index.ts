export const SEMCONV_PLACEHOLDER = 1;
