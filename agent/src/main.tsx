// The agent console's entry (/agent/): served by the edge, so the API is on the same origin.
import { render } from 'preact'
import { App } from './App.tsx'
import { pickLang, strings } from './i18n.ts'
import './styles.css'

const lang = pickLang(location.search, navigator.languages ?? [navigator.language])
document.documentElement.lang = lang
document.title = strings(lang).title
render(<App lang={lang} base={location.origin} />, document.getElementById('app')!)
