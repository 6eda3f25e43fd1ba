export default definePageConfig({
  navigationBarTitleText: "事项与窗口",
});
