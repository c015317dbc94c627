/** Renderer entry: mounts the Svelte app into #app. The host (desktop or browser) is picked in App. */
import './lib/host/zod-without-eval'
import { mount } from 'svelte'
import App from './App.svelte'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element to mount Trainscape into')

export default mount(App, { target })
