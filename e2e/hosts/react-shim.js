// Lets the package's `import ... from "react"` resolve to the UMD build.
const React = window.React;
export default React;
export const { createElement, useCallback, useEffect, useMemo, useRef, useState } = React;
